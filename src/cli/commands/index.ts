import type { Command } from '../command.js';
import { callCommand } from './call.js';
import { consoleCommand } from './console.js';
import { demoCommand } from './demo.js';
import { destroyCommand, dumpxmlCommand, resumeCommand, shutdownCommand, startCommand, suspendCommand } from './domain-actions.js';
import { dominfoCommand } from './domain-info.js';
import { listCommand } from './domain-list.js';
import { eventCommand } from './event.js';
import { gatewayCommand } from './gateway.js';
import { screenshotCommand } from './screenshot.js';
import { volDownloadCommand, volUploadCommand } from './volumes.js';

/** Every command, in the order `rxvirt --help` lists them. */
export const COMMANDS: readonly Command[] = [
  listCommand,
  dominfoCommand,
  dumpxmlCommand,
  startCommand,
  shutdownCommand,
  destroyCommand,
  suspendCommand,
  resumeCommand,
  eventCommand,
  consoleCommand,
  screenshotCommand,
  volDownloadCommand,
  volUploadCommand,
  callCommand,
  gatewayCommand,
  demoCommand,
];
