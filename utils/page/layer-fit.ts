/**
 * How the layer over a picture that is not an <img> (a CSS background, a canvas) shows its translation: as the
 * picture sits in its box, in the layer's terms (an <img> filling the box). Pure: read from computed styles.
 */
export interface LayerFit {
  objectFit: string;
  objectPosition: string;
  /** Keeps the layer's picture off the box's border and padding, where a canvas's bitmap does not go. */
  padding: string;
}

type BoxStyle = Pick<
  CSSStyleDeclaration,
  | 'backgroundSize'
  | 'backgroundPosition'
  | 'objectFit'
  | 'objectPosition'
  | 'borderTopWidth'
  | 'borderRightWidth'
  | 'borderBottomWidth'
  | 'borderLeftWidth'
  | 'paddingTop'
  | 'paddingRight'
  | 'paddingBottom'
  | 'paddingLeft'
>;

/** How a CSS background sits in its box, as object-fit and object-position say it for an <img>. */
export function objectFitFor(backgroundSize: string): string {
  if (backgroundSize === 'cover' || backgroundSize === 'contain') return backgroundSize;
  return /^100%( 100%)?$/.test(backgroundSize) ? 'fill' : 'none';
}

const SIDES = ['Top', 'Right', 'Bottom', 'Left'] as const;

/** A canvas's bitmap fills its content box as its own object-fit says (stretched, by default); a background, its box. */
export function layerFit(picture: 'canvas' | 'background', style: BoxStyle): LayerFit {
  if (picture === 'background')
    return { objectFit: objectFitFor(style.backgroundSize), objectPosition: style.backgroundPosition, padding: '0' };
  const inset = SIDES.map((side) => `${parseFloat(style[`border${side}Width`]) + parseFloat(style[`padding${side}`])}px`);
  return { objectFit: style.objectFit, objectPosition: style.objectPosition, padding: inset.join(' ') };
}
