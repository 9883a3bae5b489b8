/** The console's entry: styles, the language attribute, the app. */
import { render } from 'solid-js/web';
import { App } from './app.js';
import { locale } from './i18n/index.js';
import './styles.css';

document.documentElement.lang = locale();
render(() => <App />, document.getElementById('root')!);
