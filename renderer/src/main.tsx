import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { KeychainGate } from './startup/KeychainGate.js';
import './styles.css';

performance.mark('app-start');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KeychainGate>
      <App />
    </KeychainGate>
  </StrictMode>,
);
