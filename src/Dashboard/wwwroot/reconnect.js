// Wallboards and kiosks run unattended for months: the circuit retries without limit (every 1 s at first,
// then every 5 s), and when the server answers but no longer knows the circuit (it restarted), Blazor reloads
// the page by itself, which starts a fresh circuit with the current state.
Blazor.start({
  circuit: {
    reconnectionOptions: {
      maxRetries: Number.MAX_SAFE_INTEGER,
      retryIntervalMilliseconds: (previousAttempts) => (previousAttempts < 10 ? 1000 : 5000),
    },
  },
});
