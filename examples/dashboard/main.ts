// A live VM dashboard: lists domains through `rxvirt gateway`, keeps their state current from
// lifecycle events, suspends and resumes them, and shows a screenshot on demand. A page outside
// this repository imports the same names from 'rxvirt' (its browser condition).
import { firstValueFrom, from, lastValueFrom, mergeMap, type Subscription, toArray } from 'rxjs';
import { collectBytes, type Connection, connectWebSocket, type Domain, LibvirtError, onRegistered, symbolicName, virDomainState } from '../../src/browser.js';
import { type DomainAction, DomainTable, type DomainRowView } from './domain-table.js';

const form = element<HTMLFormElement>('#connect');
const status = element<HTMLParagraphElement>('#status');
const screen = element<HTMLElement>('#screen');
const screenshot = element<HTMLImageElement>('#screenshot');
const table = new DomainTable(element<HTMLTableElement>('#domains'), (action, name) => void act(action, name));

let conn: Connection | undefined;
const domains = new Map<string, Domain>();
let events: Subscription | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void open(element<HTMLInputElement>('#token').value, element<HTMLInputElement>('#uri').value.trim() || undefined);
});

/** The gateway serving this page relays WebSockets on the same host and port. */
function gatewayUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

async function open(token: string, uri: string | undefined): Promise<void> {
  events?.unsubscribe();
  if (conn) await lastValueFrom(conn.close(), { defaultValue: undefined });
  setStatus('Connecting…');
  try {
    conn = await firstValueFrom(connectWebSocket(gatewayUrl(), { token, uri }));
    const current = conn;
    // Lifecycle events are the only thing that changes a row's state after the first listing,
    // which is made once the registration is live: no change can fall between the two.
    await new Promise<void>((live, failed) => {
      events = current.events
        .domain('lifecycle', { registered: true })
        .pipe(onRegistered(live))
        .subscribe({
          next: (event) => void refresh(current, event.dom.name, event.eventName?.replace('VIR_DOMAIN_EVENT_', '').toLowerCase()),
          error: (error: unknown) => {
            failed(error);
            showError(error);
          },
        });
    });
    await listDomains(current);
    setStatus(`Connected to ${gatewayUrl()}${uri ? ` (${uri})` : ''}.`);
  } catch (error) {
    showError(error);
  }
}

async function listDomains(current: Connection): Promise<void> {
  const { domains: listed } = await firstValueFrom(current.objects.connectListAllDomains());
  domains.clear();
  for (const dom of listed) domains.set(dom.name, dom);
  const rows = await lastValueFrom(from(listed).pipe(mergeMap((dom) => rowOf(dom)), toArray()));
  table.show(rows.sort((a, b) => a.name.localeCompare(b.name)));
}

async function refresh(current: Connection, name: string, lastEvent: string | undefined): Promise<void> {
  const dom = domains.get(name) ?? (await firstValueFrom(current.objects.domainLookupByName({ name })));
  domains.set(name, dom);
  table.update(await rowOf(dom, lastEvent));
}

async function rowOf(dom: Domain, lastEvent?: string): Promise<DomainRowView> {
  const { state } = await firstValueFrom(dom.getState());
  const stateName = symbolicName(virDomainState, state)?.replace('VIR_DOMAIN_', '').toLowerCase().replace('_', ' ') ?? `state ${state}`;
  return { name: dom.name, state: stateName, lastEvent };
}

async function act(action: DomainAction, name: string): Promise<void> {
  const dom = domains.get(name);
  if (!dom) return;
  try {
    if (action === 'suspend') await lastValueFrom(dom.suspend(), { defaultValue: undefined });
    else if (action === 'resume') await lastValueFrom(dom.resume(), { defaultValue: undefined });
    else await showScreenshot(dom);
    setStatus(`${action}: ${name} done.`);
  } catch (error) {
    showError(error);
  }
}

async function showScreenshot(dom: Domain): Promise<void> {
  const { reply: mime, bytes } = await firstValueFrom(dom.screenshot({ screen: 0 }).pipe(collectBytes()));
  const previous = screenshot.src;
  screenshot.src = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: mime ?? 'application/octet-stream' }));
  if (previous.startsWith('blob:')) URL.revokeObjectURL(previous);
  screen.querySelector('figcaption')!.textContent = `${dom.name}: ${mime ?? 'unknown type'}, ${bytes.length} bytes`;
  screen.hidden = false;
}

function setStatus(text: string): void {
  status.textContent = text;
  delete status.dataset.errorName;
  delete status.dataset.codeName;
}

/** Shows a failure with its type: the error classes keep their names in the minified bundle. */
function showError(error: unknown): void {
  const typed = error instanceof Error ? error : new Error(String(error));
  status.textContent = `${typed.name}: ${typed.message}`;
  status.dataset.errorName = typed.name;
  if (error instanceof LibvirtError && error.codeName) status.dataset.codeName = error.codeName;
}

function element<T extends Element>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`the page lacks ${selector}`);
  return found;
}
