import { DEFAULT_SETTINGS, parseSettings } from '../../../client/src/shared/settings';
import { crossedWarning, describeDuration, formatClock } from '../../../client/src/pupil/timeRemaining';
import { stableShuffle } from '../../../client/src/pupil/optionOrder';

describe('display settings', () => {
  it('reads stored settings and ignores unknown values', () => {
    expect(parseSettings(JSON.stringify({ fontSize: 'larger', colourScheme: 'dark' }))).toEqual({ fontSize: 'larger', colourScheme: 'dark' });
    expect(parseSettings(JSON.stringify({ fontSize: 'gigantic', colourScheme: 'dark' }))).toEqual({ fontSize: 'normal', colourScheme: 'dark' });
    expect(parseSettings('not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('time remaining', () => {
  it('shows minutes and seconds, rounding up so 0:00 means time is up', () => {
    expect(formatClock(545000)).toBe('9:05');
    expect(formatClock(999)).toBe('0:01');
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-2000)).toBe('0:00');
  });

  it('describes durations in words for screen readers', () => {
    expect(describeDuration(545000)).toBe('9 minutes 5 seconds');
    expect(describeDuration(60000)).toBe('1 minute');
    expect(describeDuration(1000)).toBe('1 second');
  });

  it('announces the five-minute and one-minute marks once, when crossed', () => {
    expect(crossedWarning(300500, 299500)).toBe(300000);
    expect(crossedWarning(299500, 298500)).toBeNull();
    expect(crossedWarning(60200, 59200)).toBe(60000);
  });
});

describe('stableShuffle', () => {
  it('gives the same order for the same seed and a permutation of the options', () => {
    const options = ['A', 'B', 'C', 'D', 'E'];
    const first = stableShuffle(options, 'session-1:item-7');
    expect(stableShuffle(options, 'session-1:item-7')).toEqual(first);
    expect([...first].sort()).toEqual(options);
    expect(options).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('orders differently for different pupils (over many seeds, not always the same)', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 50; seed += 1) orders.add(stableShuffle(['A', 'B', 'C', 'D'], `s${seed}:i`).join(''));
    // 24 possible orders; 50 seeds drawing fewer than 10 distinct ones would mean a broken shuffle.
    expect(orders.size).toBeGreaterThan(10);
  });
});
