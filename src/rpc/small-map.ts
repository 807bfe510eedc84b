/**
 * A map that keeps one entry in two fields and makes a `Map` only when a second key comes: a
 * connection of a large fleet usually registers one event and waits for one call at a time, and
 * an empty `Map` alone costs about 180 bytes (and as much again in garbage each time one is made
 * for a single entry). Emptied, it drops its `Map` again. Keys compare as in a `Map`
 * (SameValueZero), iteration is in insertion order.
 */
export class SmallMap<K, V> {
  private hasSingle = false;
  private singleKey: K | undefined;
  private singleValue: V | undefined;
  /** Every entry while there are two or more, until it empties (the single fields are then unused). */
  private map: Map<K, V> | undefined;

  get size(): number {
    return this.map?.size ?? (this.hasSingle ? 1 : 0);
  }

  get(key: K): V | undefined {
    if (this.map !== undefined) return this.map.get(key);
    return this.hasSingle && sameValueZero(this.singleKey, key) ? this.singleValue : undefined;
  }

  set(key: K, value: V): void {
    if (this.map !== undefined) {
      this.map.set(key, value);
    } else if (!this.hasSingle || sameValueZero(this.singleKey, key)) {
      this.hasSingle = true;
      this.singleKey = key;
      this.singleValue = value;
    } else {
      this.map = new Map([[this.singleKey as K, this.singleValue as V], [key, value]]);
      this.clearSingle();
    }
  }

  has(key: K): boolean {
    if (this.map !== undefined) return this.map.has(key);
    return this.hasSingle && sameValueZero(this.singleKey, key);
  }

  delete(key: K): boolean {
    if (this.map !== undefined) {
      const deleted = this.map.delete(key);
      // Back to the fields once empty: a burst (a handshake's concurrent calls) must not leave
      // a Map behind for the connection's life, nor its shrinking tables as garbage per call.
      if (this.map.size === 0) this.map = undefined;
      return deleted;
    }
    if (!this.hasSingle || !sameValueZero(this.singleKey, key)) return false;
    this.clearSingle();
    return true;
  }

  *entries(): IterableIterator<[K, V]> {
    if (this.map !== undefined) yield* this.map.entries();
    else if (this.hasSingle) yield [this.singleKey as K, this.singleValue as V];
  }

  clear(): void {
    this.map = undefined;
    this.clearSingle();
  }

  private clearSingle(): void {
    this.hasSingle = false;
    this.singleKey = undefined;
    this.singleValue = undefined;
  }
}

function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}
