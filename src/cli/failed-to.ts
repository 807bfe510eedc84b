/**
 * What the CLI was doing when an expected failure happened ("failed to get domain 'x'"), as
 * virsh says it before libvirt's message; the report puts both on one line.
 */
export class FailedTo extends Error {
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`failed to ${what}`, { cause });
    this.name = 'FailedTo';
  }
}

/** `attempt`'s result, or its failure wrapped in a {@link FailedTo} saying `what` was attempted. */
export async function failingTo<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    throw new FailedTo(what, error);
  }
}
