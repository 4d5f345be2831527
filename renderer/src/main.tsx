import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { prepareFormats } from './components/format.js';
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

// The locale's date formats load while the vault is on its way (after the first paint of
// 'Opening the vault…'), not in the middle of drawing the deck.
setTimeout(prepareFormats, 0);
