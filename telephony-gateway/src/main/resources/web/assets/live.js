// A live feed over WebSocket, shared by the live pages: it connects to a path of this server, hands every message
// (parsed JSON) to onMessage, and reconnects with a growing pause when the socket closes. The server sends a whole
// snapshot first on every connection, so a reconnect is a full resync: a page never patches a stale picture.
//   import { liveFeed } from '/assets/live.js';
//   const feed = liveFeed('/agent/live', { onMessage: m => ..., onStatus: s => ... });  // 'live' | 'reconnecting'

export function liveFeed(path, { onMessage, onStatus = () => {} }) {
  const firstPause = 500;
  const longestPause = 10000;
  let pause = firstPause;
  let socket = null;
  let stopped = false;

  function connect() {
    const scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + window.location.host + path);
    // The console tells each connect and close, so that a page stuck without state says why.
    socket.addEventListener('open', () => {
      console.info(`live feed ${path}: open`);
      pause = firstPause;
      onStatus('live');
    });
    socket.addEventListener('message', (event) => onMessage(JSON.parse(event.data)));
    socket.addEventListener('close', (event) => {
      console.info(`live feed ${path}: closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`
        + (stopped ? '' : `, again in ${pause} ms`));
      if (stopped) {
        return;
      }
      onStatus('reconnecting');
      setTimeout(connect, pause);
      pause = Math.min(pause * 2, longestPause);
    });
  }

  connect();
  return {
    /** Closes the socket for good. */
    close() {
      stopped = true;
      socket?.close();
    },
    /** Drops the connection as a network failure would; the feed reconnects and resyncs. */
    drop() {
      socket?.close();
    },
  };
}
