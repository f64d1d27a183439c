// Promise.withResolvers is Node 22's; postgraphile@5 (engines: node >= 22) uses it, and on
// Node 20 every database field then fails with "Cannot read properties of undefined
// (reading 'items')". Imported before postgraphile, as its own module, so it runs first.
type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };

const PromiseWith = Promise as unknown as PromiseConstructor & { withResolvers?: WithResolvers };
PromiseWith.withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};
