import { browser } from 'wxt/browser';
import { createWorkerEngine, ENGINE_ALARM } from './engine';
import { registerMenus } from './menus';
import { registerMessages } from './messages';

export default defineBackground(() => {
  const engine = createWorkerEngine();
  // Listeners first and synchronously, so events that woke the worker reach them.
  registerMenus(engine);
  registerMessages(engine);
  // Held open by pages with images still waiting: connecting is what starts a stopped worker again.
  browser.runtime.onConnect.addListener(() => undefined);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ENGINE_ALARM) void engine.tick();
  });
  void engine.resume();
});
