// Electron edge: the confirmation asked before stored secrets go to a new destination, as a
// native dialog of main. The page can neither draw it nor click it, so a compromised page cannot
// approve its own change. The words come from the core (destinationQuestionText).
import { BrowserWindow, dialog, type MessageBoxOptions } from 'electron';
import { destinationQuestionText, type DestinationChangeQuestion } from './core/destination-change.js';

export async function confirmDestinationChangeInDialog(question: DestinationChangeQuestion): Promise<boolean> {
  const text = destinationQuestionText(question);
  const options: MessageBoxOptions = {
    type: 'warning',
    title: 'Tokendeck',
    message: text.message,
    detail: text.detail,
    // Cancel first, and the default: Enter or Escape keeps the secrets where they go now.
    buttons: ['Cancel', text.confirm],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response === 1;
}
