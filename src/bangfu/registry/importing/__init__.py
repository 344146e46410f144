"""The register import (导入, issue #4): read a workbook or CSV folder, validate it, apply it to the register.

``sources`` reads, ``validate`` checks, ``report`` writes error reports; ``apply`` writes a validated file
into the register in one transaction, ``history`` records each import and the history of what it changed.
"""
