// The Imaging target; see ../shared/design/ARCHITECTURE.md for what it owns.
