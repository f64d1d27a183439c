// What a bench server's /__bench/statements answers: how many statements were sent since
// the last call, and the last few of them. Bounded, so a timed run of minutes (where
// nobody drains it) does not grow the process's memory.
const KEEP = 100;

export class StatementLog {
  private count = 0;
  private recent: string[] = [];

  record(sql: string): void {
    this.count++;
    this.recent.push(sql);
    if (this.recent.length > KEEP) this.recent.shift();
  }

  drain(): { count: number; statements: string[] } {
    const drained = { count: this.count, statements: this.recent };
    this.count = 0;
    this.recent = [];
    return drained;
  }
}
