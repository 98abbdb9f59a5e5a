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

/** The page's settings: the session, the role, the limits and steps the server's models set. */
function readConfig(root) {
  return {
    sessionId: Number(root.dataset.sessionId),
    role: root.dataset.role,
    storeKey: `fg:${root.dataset.sessionId}:${root.dataset.storeKey}`,
    noteMax: Number(root.dataset.noteMax),
    steps: JSON.parse(root.dataset.steps),  // [[value, label], …] in order, from the model
  };
}

/** The connection's sign: its class and text, and the root's data-conn the tests read. */
function connectionSign(root) {
  return (kind, message) => {
    const node = $("conn");
    node.className = `conn conn-${kind}`;
    node.textContent = message;
    root.dataset.conn = kind;
  };
}

/** What the socket's events do to the board (`app` holds the parts made after the socket). */
function socketEvents(app, setConn) {
  const { cfg } = app;
  return {
    onOpen: () => {
      app.board.synced = false;
      app.board.inFlight = null;
      app.socket.send({ type: "sync", last_seq: app.board.data ? app.board.lastSeq : null });
    },
    onMessage: (message) => {
      if (!app.board.handle(message)) return;
      if (message.type === "synced") {
        setConn("online", t("Connected"));
        if (cfg.role === "participant") app.socket.send({ type: "presence.subscribe" });
      }
      app.render();
    },
    onStatus: (kind, message) => {
      app.board.synced = false;
      app.board.inFlight = null;
      if (message) setConn(kind === "offline-now" ? "offline" : kind, message);
    },
    onRefused: () => {
      app.board.synced = false;
      if (cfg.role === "participant") app.board.removed = true;
      setConn("refused", t("This board is closed to this browser (removed, ended, or the link is no longer valid)."));
      if (app.board.data) app.render();
    },
  };
}

/** What the board's state asks of the socket and the view. */
function boardHooks(app) {
  return {
    send: (message) => app.socket.send(message),
    announce: (message) => app.view?.announce(message),
    notice: (message) => app.view?.notice(message),
    wake: () => app.socket.reconnectNow(),
    stalled: () => { app.board.synced = false; app.board.inFlight = null; app.socket.drop(); },
  };
}

/** The moderator's commands, refused on the page while the socket is closed. */
function staffSender(app) {
  return (message) => {
    if (!app.socket.open) { app.view.notice(t("Not connected: try again in a moment.")); return; }
    app.socket.send({ ...message, ref: uuid() });
  };
}

/** "Someone is typing", sent at most every TYPING_EVERY_MS and only once synced. */
function typingSender(app) {
  let typingSent = 0;
  return (statementId) => {
    const now = Date.now();
    if (now - typingSent < TYPING_EVERY_MS || !app.board.synced) return;
    typingSent = now;
    app.socket.send({ type: "typing", statement_id: statementId });
  };
}

/** A participant's board keeps working offline: the service worker, and the page's files cached. */
function workOffline(root, cfg) {
  if (!(cfg.role === "participant" && "serviceWorker" in navigator && root.dataset.sw)) return;
  navigator.serviceWorker.register(root.dataset.sw, { scope: "/board/" }).then(() => {
    if (!window.caches) return;
    const files = [...document.querySelectorAll("link[rel=stylesheet], link[rel=modulepreload], script[src]")]
      .map((node) => node.getAttribute("href") || node.getAttribute("src"));
    caches.open("fg-board-v1").then((cache) => cache.addAll([location.pathname, ...files])).catch(() => {});
  }).catch(() => {});
}

function start(root) {
  const cfg = readConfig(root);
  const app = { cfg, socket: null, board: null, view: null, controls: null };
  app.render = () => { app.view.render(); app.controls?.render(); };
  app.socket = new BoardSocket(root.dataset.wsPath, socketEvents(app, connectionSign(root)));
  app.board = new BoardState(cfg, boardHooks(app));
  const staffSend = staffSender(app);
  app.view = new BoardView(root, app.board, { staffSend, sendTyping: typingSender(app) });
  if (cfg.role === "staff") app.controls = new Console(app.board, staffSend);
  // A delete waiting for its undo is sent before the page goes away.
  window.addEventListener("pagehide", () => app.board.commitAllDeletes());
  if (app.board.data) app.render();
  workOffline(root, cfg);
  app.socket.connect();
}

const root = document.getElementById("board-app");
if (root) start(root);
