@khqr @issuing
Feature: The participant issues KHQR codes as the standard requires
  A participant that lets its customers receive payments issues KHQR codes for their accounts. Each code is
  checked against the KHQR payload rules (merchant-presented mode, as written by NBC's official KHQR SDK,
  bakong-khqr 1.0.20) and against the details that were asked for. Details the standard does not allow must
  be refused, with the official SDK's reason where the SDK gives one for them. See features/README.md for the
  edition and the requests used.

  Background:
    Given the participant's sandbox, which issues KHQR codes

  Rule: An issued KHQR is a well-formed payload

    @REQ-KHQR-ISS-WELL-FORMED @mandatory
    Scenario Outline: The KHQR issued for "<request>" is well formed
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the KHQR is well formed

      Examples:
        | request                          |
        | individual-riel-static           |
        | individual-dollar-static         |
        | merchant-riel-static             |
        | merchant-dollar-static           |
        | individual-riel-5000-dynamic     |
        | merchant-dollar-10-dynamic       |
        | individual-every-optional-field  |
        | merchant-every-optional-field    |
        | khmer-merchant-name              |
        | chinese-merchant-name            |
        | emoji-merchant-name              |
        | longest-name-city-and-account    |
        | additional-data-exactly-99-units |
        | unionpay-riel                    |

  Rule: Every length counts UTF-16 code units, as the official SDK does

    @REQ-KHQR-ISS-LENGTH @mandatory
    Scenario Outline: Lengths in the KHQR issued for "<request>" count UTF-16 code units
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And every length in the KHQR counts UTF-16 code units

      Examples:
        | request                         |
        | khmer-merchant-name             |
        | chinese-merchant-name           |
        | emoji-merchant-name             |
        | individual-every-optional-field |
        | merchant-every-optional-field   |

  Rule: An issued KHQR ends with a CRC-16/CCITT-FALSE over its UTF-8 bytes, in four upper-case hexadecimal digits

    @REQ-KHQR-ISS-CRC @mandatory
    Scenario Outline: The KHQR issued for "<request>" ends with the right CRC
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the KHQR ends with the right CRC

      Examples:
        | request                    |
        | individual-riel-static     |
        | merchant-dollar-10-dynamic |
        | khmer-merchant-name        |
        | chinese-merchant-name      |
        | emoji-merchant-name        |
        | crc-with-leading-zero      |

    @REQ-KHQR-ISS-CRC @mandatory @smoke
    Scenario: A CRC that starts with a zero is still written with four digits
      Given the issuing request "crc-with-leading-zero"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the KHQR ends with the right CRC

  Rule: An issued KHQR carries exactly the details that were requested

    @REQ-KHQR-ISS-CONTENT @mandatory
    Scenario Outline: The KHQR issued for "<request>" carries the requested details
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the KHQR carries the requested details

      Examples:
        | request                          |
        | individual-riel-static           |
        | individual-dollar-static         |
        | merchant-riel-static             |
        | merchant-dollar-static           |
        | individual-riel-5000-dynamic     |
        | individual-dollar-1.50-dynamic   |
        | individual-dollar-0.01-dynamic   |
        | merchant-dollar-10-dynamic       |
        | individual-every-optional-field  |
        | merchant-every-optional-field    |
        | khmer-merchant-name              |
        | chinese-merchant-name            |
        | emoji-merchant-name              |
        | longest-name-city-and-account    |
        | additional-data-exactly-99-units |
        | crc-with-leading-zero            |
        | city-left-out                    |
        | unionpay-riel                    |

  Rule: A merchant KHQR carries the merchant ID and the acquiring bank

    @REQ-KHQR-ISS-MERCHANT @mandatory
    Scenario Outline: The merchant KHQR issued for "<request>" names the merchant and its bank
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the KHQR carries the merchant ID and the acquiring bank

      Examples:
        | request                       |
        | merchant-riel-static          |
        | merchant-dollar-10-dynamic    |
        | merchant-every-optional-field |
        | chinese-merchant-name         |

  Rule: An amount is written for its currency: riel whole, US dollars with no decimals or exactly two

    @REQ-KHQR-ISS-AMOUNT @mandatory
    Scenario Outline: The amount of "<request>" is written "<amount>"
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the amount in the KHQR is written "<amount>"

      Examples:
        | request                        | amount |
        | individual-riel-5000-dynamic   | 5000   |
        | individual-dollar-1.50-dynamic | 1.50   |
        | individual-dollar-0.01-dynamic | 0.01   |
        | merchant-dollar-10-dynamic     | 10     |
        | merchant-every-optional-field  | 2.75   |

  Rule: A KHQR without an amount is static; one with an amount is dynamic, with its creation and expiry times

    @REQ-KHQR-ISS-STATIC-DYNAMIC @mandatory
    Scenario Outline: The KHQR issued for "<request>" without an amount is static
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the KHQR is static

      Examples:
        | request                  |
        | individual-riel-static   |
        | individual-dollar-static |
        | merchant-riel-static     |
        | merchant-dollar-static   |

    @REQ-KHQR-ISS-STATIC-DYNAMIC @mandatory
    Scenario Outline: The KHQR issued for "<request>" with an amount is dynamic and expires as requested
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the KHQR is dynamic, created now and expiring as requested

      Examples:
        | request                         |
        | individual-riel-5000-dynamic    |
        | individual-dollar-1.50-dynamic  |
        | merchant-dollar-10-dynamic      |
        | individual-every-optional-field |

  Rule: An issued KHQR is the canonical encoding the official SDK produces for the same details at the same time

    @REQ-KHQR-ISS-CANONICAL @mandatory
    Scenario Outline: The KHQR issued for "<request>" is the official SDK's encoding
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the KHQR is the one the official SDK produces for the same details

      Examples:
        | request                          |
        | individual-riel-static           |
        | individual-dollar-static         |
        | merchant-riel-static             |
        | merchant-dollar-static           |
        | individual-riel-5000-dynamic     |
        | individual-dollar-1.50-dynamic   |
        | individual-dollar-0.01-dynamic   |
        | merchant-dollar-10-dynamic       |
        | individual-every-optional-field  |
        | merchant-every-optional-field    |
        | khmer-merchant-name              |
        | chinese-merchant-name            |
        | emoji-merchant-name              |
        | longest-name-city-and-account    |
        | additional-data-exactly-99-units |
        | crc-with-leading-zero            |
        | city-left-out                    |
        | unionpay-riel                    |

  Rule: The md5 reported with an issued KHQR is the MD5 of the complete string

    @REQ-KHQR-ISS-MD5 @mandatory @smoke
    Scenario Outline: The md5 reported for "<request>" is that of the whole KHQR
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant issues a KHQR
      And the reported md5 is that of the whole KHQR

      Examples:
        | request                      |
        | merchant-riel-static         |
        | individual-riel-5000-dynamic |
        | khmer-merchant-name          |

  Rule: Details the standard does not allow are refused with the official SDK's reason, never encoded

    @REQ-KHQR-ISS-REFUSE @mandatory @negative
    Scenario Outline: Details with "<request>" are refused
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the participant refuses them (official reason: <reason>)

      Examples:
        | request                         | reason                      |
        | merchant-name-26-characters     | code 7                      |
        | merchant-city-16-characters     | code 21                     |
        | account-id-33-characters        | code 6                      |
        | account-id-with-two-at-signs    | none, stricter than the SDK |
        | account-id-without-at-sign      | code 3                      |
        | merchant-without-merchant-id    | code 30                     |
        | merchant-without-acquiring-bank | code 31                     |
        | riel-amount-with-fraction       | code 4                      |
        | dollar-amount-three-decimals    | code 4                      |
        | unsupported-currency            | code 28                     |
        | expiry-in-the-past              | code 50                     |
        | expiry-with-twelve-digits       | code 49                     |
        | amount-without-expiry           | code 45                     |
        | additional-data-over-99-units   | none, stricter than the SDK |
        | alternate-name-without-language | none, stricter than the SDK |
        | unionpay-in-dollars             | code 44                     |
        | category-code-not-numeric       | code 51                     |
