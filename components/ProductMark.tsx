/** The small square mark shown next to the product name. Decorative: the name beside it says it all. */
export function ProductMark() {
  return (
    <svg class="product-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="6" fill="currentColor" />
      <path d="M5 17l4-5 3 3.5 2-2.5 5 4z" fill="#fff" opacity="0.55" />
      <path
        d="M13.5 5.5h6M16.5 5v1.2M14.5 6.7c.9 2 2.6 3.4 5 4M18.6 6.7c-.8 1.9-2.4 3.4-4.6 4.2"
        stroke="#fff"
        stroke-width="1.3"
        stroke-linecap="round"
        fill="none"
      />
      <circle cx="8" cy="8" r="1.8" fill="#fff" />
    </svg>
  );
}
