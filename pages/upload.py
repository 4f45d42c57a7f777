"""Upload & check: read the monthly workbook, show the validation report, then use it. Layout only: the
steps are in ui/upload_page.py."""

from core.access import Capability
from ui.access import can, require
from ui.mapping import column_mapping_step
from ui.shell import require_shell
from ui.upload_page import (
    choose_workbook,
    heading_and_messages,
    publish_draft,
    published_so_far,
    read_workbook,
    threshold_for_everyone,
    use_or_publish,
    validation_report,
)

require_shell()
require(Capability.upload)

published = heading_and_messages()
published_so_far(published)
if can(Capability.set_threshold):
    threshold_for_everyone()
upload = choose_workbook()
if upload is None:
    publish_draft()
else:
    result = read_workbook(upload)
    use_or_publish(upload, result, published)
    column_mapping_step(upload.getvalue(), upload.name, result.report)
    validation_report(upload, result.report)
