/// <reference types="office-js" />
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';

Office.onReady(() => {
  const container = document.getElementById('container');
  // taskpane.html has shown its French message: this webview lacks what the pane needs.
  if (!container || (window as { __clsOldWebview?: string[] }).__clsOldWebview) return;
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
});
