import type { CommandListing } from '../command.js';

/**
 * Every command, in the order `rxvirt --help` lists them. Each module is imported only when its
 * command runs (or its help is asked): `--help` and `list` need not load the others' code.
 */
export const COMMANDS: readonly CommandListing[] = [
  { name: 'list', summary: 'list domains (running ones unless --all)', load: async () => (await import('./domain-list.js')).listCommand },
  { name: 'dominfo', summary: 'domain information', load: async () => (await import('./domain-info.js')).dominfoCommand },
  { name: 'dumpxml', summary: 'domain information in XML', load: async () => (await import('./domain-actions.js')).dumpxmlCommand },
  { name: 'start', summary: 'start a (previously defined) inactive domain', load: async () => (await import('./domain-actions.js')).startCommand },
  { name: 'shutdown', summary: 'gracefully shut down a domain', load: async () => (await import('./domain-actions.js')).shutdownCommand },
  { name: 'destroy', summary: 'destroy (stop) a domain', load: async () => (await import('./domain-actions.js')).destroyCommand },
  { name: 'suspend', summary: 'suspend a domain', load: async () => (await import('./domain-actions.js')).suspendCommand },
  { name: 'resume', summary: 'resume a domain', load: async () => (await import('./domain-actions.js')).resumeCommand },
  { name: 'event', summary: 'wait for domain events and print them as JSON lines', load: async () => (await import('./event.js')).eventCommand },
  { name: 'console', summary: 'connect to the guest console', load: async () => (await import('./console.js')).consoleCommand },
  {
    name: 'screenshot',
    summary: 'take a screenshot of a current domain console and store it into a file',
    load: async () => (await import('./screenshot.js')).screenshotCommand,
  },
  { name: 'vol-download', summary: 'download volume contents to a file', load: async () => (await import('./volumes.js')).volDownloadCommand },
  { name: 'vol-upload', summary: 'upload file contents to a volume', load: async () => (await import('./volumes.js')).volUploadCommand },
  {
    name: 'call',
    summary: 'call any procedure: rxvirt call domainLookupByName \'{"name":"test"}\'',
    load: async () => (await import('./call.js')).callCommand,
  },
  {
    name: 'gateway',
    summary: 'relay WebSockets from browsers to libvirt, with tokens and an Origin allow-list',
    load: async () => (await import('./gateway.js')).gatewayCommand,
  },
  {
    name: 'demo',
    summary: 'watch lifecycle events while suspending and resuming a domain (real daemon, else the fake)',
    load: async () => (await import('./demo.js')).demoCommand,
  },
];
