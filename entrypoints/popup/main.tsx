import { render } from 'preact';
import { i18n } from '#i18n';
import { localizePage } from '@/utils/localize-page';
import '@/components/ui.css';
import './style.css';
import { App } from './App';

localizePage(i18n.t('extName'));
render(<App />, document.getElementById('app')!);
