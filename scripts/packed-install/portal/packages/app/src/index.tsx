import '@backstage/cli/asset-types';
import ReactDOM from 'react-dom/client';
import { createApp } from '@backstage/frontend-defaults';
import '@backstage/ui/css/styles.css';

// Plugins are discovered from this package's dependencies (`app.packages: all`).
const app = createApp();

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
