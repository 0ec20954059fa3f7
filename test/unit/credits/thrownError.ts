/** The error `act` throws; fails the test when it does not throw, so checks on it always run. */
export function thrownError<E extends Error>(act: () => unknown): E {
  try {
    act();
  } catch (e) {
    return e as E;
  }
  throw new Error('expected the call to throw, and it returned normally');
}
