// The board's WebSocket: connects, resyncs after every reconnect (backing off up to 5 s), and
// stops for good when the server refuses the socket with a 44xx close code.
import { t } from "./dom.js";

export class BoardSocket {
  constructor(path, { onOpen, onMessage, onStatus, onRefused }) {
    this.path = path;
    this.hooks = { onOpen, onMessage, onStatus, onRefused };
    this.ws = null;
    this.retry = 500;
    this.refused = false;
    window.addEventListener("offline", () => this.goOffline());
    window.addEventListener("online", () => { this.retry = 500; this.connect(); });
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
    socket.onopen = () => { this.retry = 500; this.hooks.onOpen(); };
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
      setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 5000);
    };
  }

  send(message) {
    if (this.open) this.ws.send(JSON.stringify(message));
  }
}
