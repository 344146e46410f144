"""The code lists the rules read (代码表), Django-free.

The stored values of each list are defined once here, as plain string enums, so the rules core
(``bangfu.standards``, the engine) can name them without loading Django. The apps' ``choices`` modules build
their Django ``TextChoices`` (with translatable labels, for models and forms) on these values.
"""
