import {
  virConnectListAllDomainsFlags as ListFlags,
  virDomainEventResumedDetailType,
  virDomainEventStartedDetailType,
  virDomainEventStoppedDetailType,
  virDomainEventSuspendedDetailType,
  virDomainEventType,
  virDomainPausedReason,
  virDomainRunningReason,
  virDomainShutoffReason,
  virDomainState,
} from '../generated/libvirt/libvirt.js';
import type { RemoteDomainGetInfoRet, RemoteNonnullDomain } from '../generated/remote/types.js';
import { DaemonErrors } from './daemon-error.js';
import { formatUuid, parseUuid, sameUuid } from './uuid.js';

/** A domain the fake daemon starts with. */
export interface FakeDomainDefinition {
  readonly name: string;
  /** Canonical text form, `6695eb01-f6a4-8304-79aa-97f2502e193f`. */
  readonly uuid: string;
  readonly maxMemoryKiB?: number;
  readonly memoryKiB?: number;
  readonly vcpus?: number;
  /** Defaults to running. */
  readonly state?: 'running' | 'paused' | 'shutoff';
  /** The lines inside `<devices>` of its XML, indented by four spaces (default: none). */
  readonly devices?: readonly string[];
}

/** The test driver's own domain (`test+unix:///default`), as libvirt 9.0 defines it. */
export const TEST_DOMAIN: FakeDomainDefinition = {
  name: 'test',
  uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
  maxMemoryKiB: 8_388_608,
  memoryKiB: 2_097_152,
  vcpus: 2,
  devices: [
    "    <disk type='file' device='disk'>",
    "      <source file='/guest/diskimage1'/>",
    "      <target dev='vda' bus='virtio'/>",
    "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>",
    '    </disk>',
    "    <interface type='network'>",
    "      <mac address='aa:bb:cc:dd:ee:ff'/>",
    "      <source network='default'/>",
    "      <target dev='testnet0'/>",
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>",
    '    </interface>',
    "    <memballoon model='virtio'>",
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>",
    '    </memballoon>',
  ],
};

/** A lifecycle change, as the daemon reports it in a DOMAIN_EVENT_CALLBACK_LIFECYCLE message. */
export interface LifecycleChange {
  readonly dom: RemoteNonnullDomain;
  /** `virDomainEventType` */
  readonly event: number;
  /** The matching `virDomainEvent*DetailType`. */
  readonly detail: number;
}

/** The reason of every state before a change: the domains it starts with have it, as the test driver's do. */
const UNKNOWN_REASON = 0;

/** One domain of the fake daemon. Mutated only through {@link DomainModel}. */
export class FakeDomain {
  readonly uuid: Uint8Array;
  id: number;
  state: number;
  reason: number = UNKNOWN_REASON;
  autostart = false;
  readonly maxMemoryKiB: number;
  readonly memoryKiB: number;
  readonly vcpus: number;
  private readonly devices: readonly string[];

  constructor(
    readonly name: string,
    uuid: string,
    definition: FakeDomainDefinition,
    id: number,
  ) {
    this.uuid = parseUuid(uuid);
    this.maxMemoryKiB = definition.maxMemoryKiB ?? 1_048_576;
    this.memoryKiB = definition.memoryKiB ?? this.maxMemoryKiB;
    this.vcpus = definition.vcpus ?? 1;
    this.devices = definition.devices ?? [];
    this.state = { running: virDomainState.VIR_DOMAIN_RUNNING, paused: virDomainState.VIR_DOMAIN_PAUSED, shutoff: virDomainState.VIR_DOMAIN_SHUTOFF }[
      definition.state ?? 'running'
    ];
    this.id = this.active ? id : -1;
  }

  get active(): boolean {
    return this.state !== virDomainState.VIR_DOMAIN_SHUTOFF;
  }

  /** How the wire names it (`remote_nonnull_domain`). */
  get ref(): RemoteNonnullDomain {
    return { name: this.name, uuid: this.uuid, id: this.id };
  }

  info(): RemoteDomainGetInfoRet {
    return {
      state: this.state,
      maxMem: BigInt(this.maxMemoryKiB),
      memory: BigInt(this.memoryKiB),
      nrVirtCpu: this.vcpus,
      // A fixed CPU time: tests compare replies, and a clock would make them flaky.
      cpuTime: this.active ? 1_000_000_000n : 0n,
    };
  }

  /** The domain's XML, shaped like the test driver's (the `id` attribute only while active). */
  xml(): string {
    const id = this.active ? ` id='${this.id}'` : '';
    return [
      `<domain type='test'${id}>`,
      `  <name>${this.name}</name>`,
      `  <uuid>${formatUuid(this.uuid)}</uuid>`,
      `  <memory unit='KiB'>${this.maxMemoryKiB}</memory>`,
      `  <currentMemory unit='KiB'>${this.memoryKiB}</currentMemory>`,
      `  <vcpu placement='static'>${this.vcpus}</vcpu>`,
      `  <os>`,
      `    <type arch='i686'>hvm</type>`,
      `    <boot dev='hd'/>`,
      `  </os>`,
      `  <clock offset='utc'/>`,
      `  <on_poweroff>destroy</on_poweroff>`,
      `  <on_reboot>restart</on_reboot>`,
      `  <on_crash>destroy</on_crash>`,
      `  <devices>`,
      ...this.devices,
      `  </devices>`,
      `</domain>`,
      '',
    ].join('\n');
  }
}

/**
 * The fake daemon's domains and their state machine, with the test driver's rules and error
 * messages: suspend needs running, resume needs paused, create needs shut off (and hands out a
 * new id), shutdown and destroy need active. Every change is reported to `changed`.
 */
export class DomainModel {
  private readonly domains: FakeDomain[];
  private nextId: number;

  constructor(
    definitions: readonly FakeDomainDefinition[],
    private readonly changed: (change: LifecycleChange) => void,
  ) {
    let id = 1;
    this.domains = definitions.map((definition) => new FakeDomain(definition.name, definition.uuid, definition, id++));
    this.nextId = id;
  }

  get all(): readonly FakeDomain[] {
    return this.domains;
  }

  byName(name: string): FakeDomain {
    return this.find((dom) => dom.name === name);
  }

  byId(id: number): FakeDomain {
    return this.find((dom) => dom.active && dom.id === id);
  }

  byUuid(uuid: Uint8Array): FakeDomain {
    return this.find((dom) => sameUuid(dom.uuid, uuid));
  }

  /** The domain a `remote_nonnull_domain` argument names: libvirt's daemon goes by the UUID. */
  of(ref: RemoteNonnullDomain): FakeDomain {
    return this.byUuid(ref.uuid);
  }

  /** CONNECT_LIST_ALL_DOMAINS: the ACTIVE/INACTIVE and RUNNING/PAUSED/SHUTOFF filters. */
  list(flags: number): FakeDomain[] {
    const activity = flags & (ListFlags.VIR_CONNECT_LIST_DOMAINS_ACTIVE | ListFlags.VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    const states = flags & (ListFlags.VIR_CONNECT_LIST_DOMAINS_RUNNING | ListFlags.VIR_CONNECT_LIST_DOMAINS_PAUSED | ListFlags.VIR_CONNECT_LIST_DOMAINS_SHUTOFF);
    return this.domains.filter((dom) => {
      if (activity !== 0 && !(activity & (dom.active ? ListFlags.VIR_CONNECT_LIST_DOMAINS_ACTIVE : ListFlags.VIR_CONNECT_LIST_DOMAINS_INACTIVE))) return false;
      if (states === 0) return true;
      const bit =
        dom.state === virDomainState.VIR_DOMAIN_RUNNING
          ? ListFlags.VIR_CONNECT_LIST_DOMAINS_RUNNING
          : dom.state === virDomainState.VIR_DOMAIN_PAUSED
            ? ListFlags.VIR_CONNECT_LIST_DOMAINS_PAUSED
            : ListFlags.VIR_CONNECT_LIST_DOMAINS_SHUTOFF;
      return (states & bit) !== 0;
    });
  }

  suspend(dom: FakeDomain): void {
    if (dom.state !== virDomainState.VIR_DOMAIN_RUNNING) throw DaemonErrors.testDriver(`domain '${dom.name}' not running`);
    this.change(dom, virDomainState.VIR_DOMAIN_PAUSED, virDomainPausedReason.VIR_DOMAIN_PAUSED_USER, virDomainEventType.VIR_DOMAIN_EVENT_SUSPENDED, virDomainEventSuspendedDetailType.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
  }

  resume(dom: FakeDomain): void {
    if (dom.state !== virDomainState.VIR_DOMAIN_PAUSED) throw DaemonErrors.testDriver(`domain '${dom.name}' not paused`);
    this.change(dom, virDomainState.VIR_DOMAIN_RUNNING, virDomainRunningReason.VIR_DOMAIN_RUNNING_UNPAUSED, virDomainEventType.VIR_DOMAIN_EVENT_RESUMED, virDomainEventResumedDetailType.VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
  }

  create(dom: FakeDomain): void {
    if (dom.active) throw DaemonErrors.testDriver(`Domain '${dom.name}' is already running`);
    dom.id = this.nextId++;
    this.change(dom, virDomainState.VIR_DOMAIN_RUNNING, virDomainRunningReason.VIR_DOMAIN_RUNNING_BOOTED, virDomainEventType.VIR_DOMAIN_EVENT_STARTED, virDomainEventStartedDetailType.VIR_DOMAIN_EVENT_STARTED_BOOTED);
  }

  shutdown(dom: FakeDomain): void {
    if (!dom.active) throw DaemonErrors.testDriver(`domain '${dom.name}' not running`);
    this.stop(dom, virDomainShutoffReason.VIR_DOMAIN_SHUTOFF_SHUTDOWN, virDomainEventStoppedDetailType.VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN);
  }

  destroy(dom: FakeDomain): void {
    if (!dom.active) throw DaemonErrors.domainNotRunning();
    this.stop(dom, virDomainShutoffReason.VIR_DOMAIN_SHUTOFF_DESTROYED, virDomainEventStoppedDetailType.VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
  }

  private stop(dom: FakeDomain, reason: number, detail: number): void {
    // The event names the domain as it was, with its id; the id goes afterwards.
    this.change(dom, virDomainState.VIR_DOMAIN_SHUTOFF, reason, virDomainEventType.VIR_DOMAIN_EVENT_STOPPED, detail);
    dom.id = -1;
  }

  private change(dom: FakeDomain, state: number, reason: number, event: number, detail: number): void {
    dom.state = state;
    dom.reason = reason;
    this.changed({ dom: dom.ref, event, detail });
  }

  private find(predicate: (dom: FakeDomain) => boolean): FakeDomain {
    const dom = this.domains.find(predicate);
    if (!dom) throw DaemonErrors.noDomain();
    return dom;
  }
}
