"""A won deal's origin comes from its own lead's source type (business.won_deals), the first row of a lead id
that repeats, with every other lead left out."""
from __future__ import annotations

import pandas as pd

from workbook.funnel.business import won_deals


def test_each_deal_takes_its_own_leads_type_and_the_first_row_of_a_repeated_lead():
    opps = pd.DataFrame({
        "opportunity_id": ["O1", "O2", "O3", "O4", "O5"], "customer_id": ["C1", "C2", "C3", None, "C5"],
        "lead_id": pd.array(["L1", "L2", None, "L9", "L2"], dtype="string"),
        "status": ["won", "won", "won", "won", "lost"], "amount": [100.0, None, 30.0, 10.0, 5.0],
        "close_date": pd.to_datetime(["2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01", "2025-06-01"])})
    # L2 twice: its first row (active) counts; L7 is nobody's lead; L9 is missing from the leads
    leads = pd.DataFrame({"lead_id": pd.array(["L7", "L1", "L2", "L2", None], dtype="string"),
                          "source_type": pd.array(["active", "passive", "active", "passive", "active"],
                                                  dtype="string")})
    deals = won_deals(opps, leads, start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-12-31"))
    assert deals["opportunity_id"].tolist() == ["O1", "O2", "O3", "O4"]  # O5 was lost
    assert deals["origin"].tolist() == ["inbound", "outbound", "unknown", "unknown"]
    assert deals["customer_type"].tolist() == ["new", "new", "new", "unknown"]
    assert deals["amount"].tolist() == [100.0, 0.0, 30.0, 10.0]  # a missing amount reads as 0
