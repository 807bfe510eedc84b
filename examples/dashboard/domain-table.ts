// The domain table: one row per domain, updated in place. Only DOM here, no libvirt.

export type DomainAction = 'suspend' | 'resume' | 'screenshot';

export interface DomainRowView {
  readonly name: string;
  /** `running`, `paused`, ... */
  readonly state: string;
  /** The last lifecycle event seen for the domain, if any. */
  readonly lastEvent?: string;
}

export class DomainTable {
  private readonly body: HTMLTableSectionElement;

  constructor(
    private readonly table: HTMLTableElement,
    onAction: (action: DomainAction, domain: string) => void,
  ) {
    this.body = table.tBodies[0];
    this.body.addEventListener('click', (event) => {
      const button = (event.target as Element).closest('button');
      const row = button?.closest('tr');
      if (button && row?.dataset.domain) onAction(button.dataset.action as DomainAction, row.dataset.domain);
    });
  }

  show(rows: readonly DomainRowView[]): void {
    this.body.replaceChildren(...rows.map((row) => this.makeRow(row)));
    this.table.hidden = false;
  }

  update(row: DomainRowView): void {
    const existing = this.body.querySelector<HTMLTableRowElement>(`tr[data-domain="${CSS.escape(row.name)}"]`);
    const fresh = this.makeRow(row);
    if (existing) existing.replaceWith(fresh);
    else this.body.append(fresh);
  }

  private makeRow(row: DomainRowView): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.domain = row.name;
    const name = cell('name', row.name);
    const state = cell('state', row.state);
    state.dataset.state = row.state;
    const event = cell('event', row.lastEvent ?? '');
    const actions = document.createElement('td');
    for (const action of ['suspend', 'resume', 'screenshot'] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = action;
      button.textContent = action[0].toUpperCase() + action.slice(1);
      actions.append(button);
    }
    tr.append(name, state, event, actions);
    return tr;
  }
}

function cell(className: string, text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}
