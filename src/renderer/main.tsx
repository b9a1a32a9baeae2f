import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Base styles first: every component's own CSS, imported with it, comes after and may refine them.
import './app/theme.css';
import './components/components.css';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
