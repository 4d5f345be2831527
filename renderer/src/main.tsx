import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { startDeckStore } from './state/deck-store.js';
import { KeychainGate, startKeychainCheck } from './startup/KeychainGate.js';
import './styles.css';

performance.mark('app-start');
// The keychain check, the vault's outline and the tokens are asked for now, together: none needs
// the others, and the deck is drawn the moment all are in.
startKeychainCheck();
startDeckStore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KeychainGate>
      <App />
    </KeychainGate>
  </StrictMode>,
);
