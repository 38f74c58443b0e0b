// One identity for the OS: Windows AppUserModelID (notifications, taskbar
// grouping) and electron-builder's appId and productName must match (a test
// checks the yml).
export const APP_ID = 'com.agenttoolbar.desktop';
export const PRODUCT_NAME = 'Agent Toolbar';
