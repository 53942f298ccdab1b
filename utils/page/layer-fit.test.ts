import { describe, expect, it } from 'vitest';
import { layerFit, objectFitFor } from './layer-fit';

const plain = {
  backgroundSize: 'auto',
  backgroundPosition: '0% 0%',
  objectFit: 'fill',
  objectPosition: '50% 50%',
  borderTopWidth: '0px',
  borderRightWidth: '0px',
  borderBottomWidth: '0px',
  borderLeftWidth: '0px',
  paddingTop: '0px',
  paddingRight: '0px',
  paddingBottom: '0px',
  paddingLeft: '0px',
};

describe('the layer over a translated picture', () => {
  it('lays a background out as its size says, at its position', () => {
    expect(objectFitFor('cover')).toBe('cover');
    expect(objectFitFor('contain')).toBe('contain');
    expect(objectFitFor('100% 100%')).toBe('fill');
    expect(objectFitFor('auto')).toBe('none');
    expect(layerFit('background', { ...plain, backgroundSize: 'cover', backgroundPosition: '50% 0%' })).toEqual({
      objectFit: 'cover',
      objectPosition: '50% 0%',
      padding: '0',
    });
  });

  it('stretches a canvas over its box, as the browser stretches its bitmap', () => {
    expect(layerFit('canvas', plain)).toEqual({ objectFit: 'fill', objectPosition: '50% 50%', padding: '0px 0px 0px 0px' });
  });

  it('fits a canvas as its own object-fit says, inside its border and padding', () => {
    const style = {
      ...plain,
      objectFit: 'contain',
      objectPosition: 'left top',
      borderTopWidth: '2px',
      paddingTop: '8px',
      paddingLeft: '4.5px',
    };
    expect(layerFit('canvas', style)).toEqual({ objectFit: 'contain', objectPosition: 'left top', padding: '10px 0px 0px 4.5px' });
  });
});
