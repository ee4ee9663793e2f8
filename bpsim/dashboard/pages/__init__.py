"""The dashboard's tabs: Explore, Compare, Scenarios, Results."""
