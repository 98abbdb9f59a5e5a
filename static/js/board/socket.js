// The board's WebSocket: connects, resyncs after every reconnect (backing off from 250 ms up to
// 2 s, with jitter), reconnects at once when a change waits or the page comes back (a restarted
// server serves a returning browser at once), and stops for good when the server refuses the
// socket with a 44xx close code.
import { t } from "./dom.js";

const RETRY_MIN = 250;
const RETRY_MAX = 2000;

export class BoardSocket {
  constructor(path, { onOpen, onMessage, onStatus, onRefused }) {
    this.path = path;
    this.hooks = { onOpen, onMessage, onStatus, onRefused };
    this.ws = null;
    this.retry = RETRY_MIN;
    this.later = null;
    this.refused = false;
    window.addEventListener("offline", () => this.goOffline());
    window.addEventListener("online", () => this.reconnectNow());
    document.addEventListener("visibilitychange", () => { if (!document.hidden) this.reconnectNow(); });
  }

  /** Connect now rather than after the back-off (a change waits, or the page came back). */
  reconnectNow() {
    if (this.refused || (this.ws && this.ws.readyState <= 1)) return;
    clearTimeout(this.later);
    this.retry = RETRY_MIN;
    this.connect();
  }

  /** Drop a socket that left an operation unanswered (a server gone without closing it) and
   * reconnect; the outbox resends the operation after the sync. */
  drop() {
    if (!this.ws) return;
    const socket = this.ws;
    this.ws = null;
    socket.close();
    this.hooks.onStatus("connecting", t("Connection lost: reconnecting…"));
    this.reconnectNow();
  }

  get open() { return Boolean(this.ws && this.ws.readyState === 1); }

  offlineStatus() {
    this.hooks.onStatus("offline", t("Offline: your changes are kept on this device and sent when you are back."));
  }

  goOffline() {
    if (this.ws) { const socket = this.ws; this.ws = null; socket.close(); }
    this.hooks.onStatus("offline-now");
    this.offlineStatus();
  }

  connect() {
    if (this.refused || (this.ws && this.ws.readyState <= 1)) return;
    if (!navigator.onLine) { this.offlineStatus(); return; }
    this.hooks.onStatus("connecting", t("Connecting…"));
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}${this.path}`);
    this.ws = socket;
    socket.onopen = () => { this.retry = RETRY_MIN; this.hooks.onOpen(); };
    socket.onmessage = (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch { return; }
      this.hooks.onMessage(data);
    };
    socket.onclose = (event) => {
      if (this.ws !== socket) return;
      this.ws = null;
      // 4400–4499: the server refused this browser (removed, link no longer valid, session
      // ended); trying again cannot help, so the board stops reconnecting.
      if (event.code >= 4400 && event.code < 4500) {
        this.refused = true;
        this.hooks.onRefused(event.code);
        return;
      }
      if (!navigator.onLine) { this.offlineStatus(); return; }
      this.hooks.onStatus("connecting", t("Connection lost: reconnecting…"));
      this.later = setTimeout(() => this.connect(), this.retry * (0.75 + Math.random() / 2));
      this.retry = Math.min(this.retry * 2, RETRY_MAX);
    };
  }

  send(message) {
    if (this.open) this.ws.send(JSON.stringify(message));
  }
}
