"""What a page or pack shows: a month's rated scorecard, small-number suppression, public views,
the overview's exception lists and headlines, and what-if scenarios."""
