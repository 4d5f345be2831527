// Electron edge: the app's agent asks before it answers a program (core/agent/agent-approval.ts),
// as a native dialog of main that no page can draw or click. Deny is the default and Escape, and
// what a dialog left unanswered for APPROVAL_TIMEOUT_MS becomes (the signal closes it as cancelled).
import { BrowserWindow, dialog, type MessageBoxOptions } from 'electron';
import type { AgentCaller } from './core/agent/agent-caller.js';
import { APPROVAL_CHOICES, APPROVAL_TIMEOUT_MS, approvalText, type ApprovalChoice } from './core/agent/agent-approval.js';

export async function askAgentApprovalInDialog(caller: AgentCaller, target: string): Promise<ApprovalChoice> {
  const text = approvalText(caller, target);
  const options: MessageBoxOptions = { type: 'question', title: 'Tokendeck', message: text.message, detail: text.detail, buttons: text.buttons, defaultId: 0, cancelId: 0, noLink: true, signal: AbortSignal.timeout(APPROVAL_TIMEOUT_MS) };
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return APPROVAL_CHOICES[response] ?? 'deny';
}
