import { toDisposable, type Disposable, type OwnerRef } from '@switchboard/actions';

/** `d`, added to the owner's disposables (and forgotten there once disposed on its own). */
export function owned(d: Disposable, owner: OwnerRef | undefined): Disposable {
  if (!owner?.disposables) return d;
  const registration = toDisposable(() => {
    owner.disposables?.deleteAndLeak(registration);
    d.dispose();
  });
  return owner.disposables.add(registration);
}
