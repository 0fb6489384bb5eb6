"""The declarative base every entity module registers its tables on."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
