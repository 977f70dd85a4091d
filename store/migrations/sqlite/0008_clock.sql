-- The store's clock decides which months are closed (store/clock.go): InsertEvents moves customers.past_rev when
-- a batch changes a month before the current one. The triggers of 0007 read SQLite's own clock ('now'), which a
-- test cannot fix, so a test dated after today saw closed months as still open and kept stale sums.
DROP TRIGGER rollup_monthly_ins_past;
DROP TRIGGER rollup_monthly_upd_past;
DROP TRIGGER rollup_category_monthly_ins_past;
DROP TRIGGER rollup_category_monthly_upd_past;
