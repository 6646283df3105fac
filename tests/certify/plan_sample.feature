# A sample for tests/certify/test_plan.py: tags at each level, an outline with two Examples tables, a data table.
@feature-tag
Feature: A sample

  Background:
    Given something

  @REQ-A @smoke
  Scenario: One
    Given a table that is not examples
      | a | b |
      | 1 | 2 |

  @rule-tag
  Rule: A rule

    @REQ-B
    Scenario Outline: Many <x>
      Given <x>

      Examples:
        | x |
        | 1 |
        | 2 |

      Examples:
        | x |
        | 3 |

    @REQ-C
    Scenario: Last
      Given nothing
