// The live board in the browser (participant page and moderator console). Protocol:
// docs/websocket-protocol.md. Native ES modules, no build step:
//   state.js   what the server sent, the queue of unconfirmed changes (localStorage)
//   socket.js  the WebSocket, reconnects, refusal
//   render.js  the stage, the lanes and the notes, updated in place
//   notes.js   one note (post-it), its menu, keyboard and pointer drag
//   console.js the moderator's controls
import { $, t, uuid } from "./dom.js";
import { BoardState } from "./state.js";
import { BoardSocket } from "./socket.js";
import { BoardView } from "./render.js";
import { Console } from "./console.js";

const TYPING_EVERY_MS = 3000;

function start(root) {
  const cfg = {
    sessionId: Number(root.dataset.sessionId),
    role: root.dataset.role,
    storeKey: `fg:${root.dataset.sessionId}:${root.dataset.storeKey}`,
    noteMax: Number(root.dataset.noteMax),
    steps: JSON.parse(root.dataset.steps),  // [[value, label], …] in order, from the model
  };
  let view = null;
  let controls = null;
  const render = () => { view.render(); controls?.render(); };
  const setConn = (kind, message) => {
    const node = $("conn");
    node.className = `conn conn-${kind}`;
    node.textContent = message;
    root.dataset.conn = kind;
  };
  const socket = new BoardSocket(root.dataset.wsPath, {
    onOpen: () => {
      board.synced = false;
      board.inFlight = null;
      socket.send({ type: "sync", last_seq: board.data ? board.lastSeq : null });
    },
    onMessage: (message) => {
      if (!board.handle(message)) return;
      if (message.type === "synced") {
        setConn("online", t("Connected"));
        if (cfg.role === "participant") socket.send({ type: "presence.subscribe" });
      }
      render();
    },
    onStatus: (kind, message) => {
      board.synced = false;
      board.inFlight = null;
      if (message) setConn(kind === "offline-now" ? "offline" : kind, message);
    },
    onRefused: () => {
      board.synced = false;
      if (cfg.role === "participant") board.removed = true;
      setConn("refused", t("This board is closed to this browser (removed, ended, or the link is no longer valid)."));
      if (board.data) render();
    },
  });
  const board = new BoardState(cfg, {
    send: (message) => socket.send(message),
    announce: (message) => view?.announce(message),
    notice: (message) => view?.notice(message),
    wake: () => socket.reconnectNow(),
    stalled: () => { board.synced = false; board.inFlight = null; socket.drop(); },
  });
  const staffSend = (message) => {
    if (!socket.open) { view.notice(t("Not connected: try again in a moment.")); return; }
    socket.send({ ...message, ref: uuid() });
  };
  let typingSent = 0;
  const sendTyping = (statementId) => {
    const now = Date.now();
    if (now - typingSent < TYPING_EVERY_MS || !board.synced) return;
    typingSent = now;
    socket.send({ type: "typing", statement_id: statementId });
  };
  view = new BoardView(root, board, { staffSend, sendTyping });
  if (cfg.role === "staff") controls = new Console(board, staffSend);
  // A delete waiting for its undo is sent before the page goes away.
  window.addEventListener("pagehide", () => board.commitAllDeletes());
  if (board.data) render();
  if (cfg.role === "participant" && "serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/board/" }).then(() => {
      if (!window.caches) return;
      const files = [...document.querySelectorAll("link[rel=stylesheet], link[rel=modulepreload], script[src]")]
        .map((node) => node.getAttribute("href") || node.getAttribute("src"));
      caches.open("fg-board-v1").then((cache) => cache.addAll([location.pathname, ...files])).catch(() => {});
    }).catch(() => {});
  }
  socket.connect();
}

const root = document.getElementById("board-app");
if (root) start(root);
