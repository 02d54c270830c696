"""The outline of a report as data: which sections, in which order, with which numbers and headings,
versioned by (region, from-year) like the indicator frameworks. See docs/adr/0003."""
