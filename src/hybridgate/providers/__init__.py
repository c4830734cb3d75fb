"""Backends behind one small interface (`base.Provider`), registered by name (`registry`)."""
