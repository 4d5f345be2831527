import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { startDeckStore } from './state/deck-store.js';
import { KeychainGate } from './startup/KeychainGate.js';
import './styles.css';

performance.mark('app-start');
// The vault's outline and the tokens are asked for now, while the keychain check runs: neither
// needs the other, and the deck is drawn the moment both are in.
startDeckStore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KeychainGate>
      <App />
    </KeychainGate>
  </StrictMode>,
);
