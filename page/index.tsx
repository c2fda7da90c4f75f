/** The page that needs no installation: renders the app, as the pane's index.tsx does, without office.js. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { DEFAULT_TIMEOUT_S } from './jobs';

const container = document.getElementById('app');
if (container) {
  container.textContent = '';
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <App defaultTimeoutS={DEFAULT_TIMEOUT_S} />
    </FluentProvider>,
  );
}
