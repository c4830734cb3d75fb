"""The request pipeline shared by every protocol."""
