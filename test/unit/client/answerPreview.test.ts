import { previewText } from '../../../client/src/pupil/answerPreview';

describe('"we read your answer as" preview', () => {
  it('shows the scoring module’s reading of typed maths', () => {
    expect(previewText('2x(x+1)', 'expression')).toBe('We read your answer as: 2·x·(x + 1)');
    expect(previewText('x^2+2x+1', 'expression')).toBe('We read your answer as: x² + 2·x + 1');
    expect(previewText('  ', 'numeric')).toBe('');
  });

  it('reads units after a quantity as units, not as letters multiplied', () => {
    expect(previewText('12.5 km/h', 'quantity')).toBe('We read your answer as: 12.5 km/h');
    expect(previewText('3.2m^2', 'quantity')).toBe('We read your answer as: 3.2 m²');
    expect(previewText('5cm', 'expression')).toBe('We read your answer as: 5·c·m');
  });

  it('passes on the reader’s warning about a word typed as letters', () => {
    expect(previewText('hello', 'expression')).toMatch(/^We read your answer as: h·e·l·l·o\. Check: .*word/);
  });
});
