// Not toLocaleString: the first Intl formatting of a process costs ~15 ms of CPU (ICU's number data), paid
// by every import of this package (a `karst budget` run) for one message.
/** A whole number with thousands separators: 100000 -> "100,000". */
export const thousands = (value: number) => String(value).replace(/\B(?=(\d{3})+$)/g, ',');
