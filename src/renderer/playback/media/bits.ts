/** A big-endian bit reader for codec headers (H.264 SPS, AV1 OBU headers). */
export class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}

  u(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('bitstream ended early');
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }

  /** Unsigned exp-Golomb (H.264 ue(v)). */
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) if (++zeros > 31) throw new RangeError('bad exp-Golomb code');
    return 2 ** zeros - 1 + this.u(zeros);
  }

  /** Signed exp-Golomb (H.264 se(v)). */
  se(): number {
    const k = this.ue();
    return k % 2 ? (k + 1) / 2 : -k / 2;
  }

  /** AV1 uvlc(). */
  uvlc(): number {
    let zeros = 0;
    while (this.u(1) === 0) zeros++;
    return zeros >= 32 ? 2 ** 32 - 1 : this.u(zeros) + 2 ** zeros - 1;
  }
}
