import { formatTable } from './formatTable';

describe('formatTable', () => {
  it('aligns every column on its widest cell, with no trailing spaces', () => {
    expect(
      formatTable(
        ['SID', 'STATUS', 'TARGET'],
        [
          ['PR1', 'live', '10% of agents'],
          ['PR22', 'rolled-back', 'all'],
        ],
      ),
    ).toEqual(['SID   STATUS       TARGET', 'PR1   live         10% of agents', 'PR22  rolled-back  all']);
  });

  it('aligns the columns named in `right` to the right', () => {
    expect(
      formatTable(
        ['NAME', 'SIZE', 'BY'],
        [
          ['a', '12 B', 'admin'],
          ['bb', '1.5 KiB', 'x'],
        ],
        { right: ['SIZE'] },
      ),
    ).toEqual(['NAME     SIZE  BY', 'a        12 B  admin', 'bb    1.5 KiB  x']);
  });

  it('prints the header alone when there are no rows', () => {
    expect(formatTable(['A', 'B'], [])).toEqual(['A  B']);
  });
});
