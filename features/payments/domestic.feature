@payments
Feature: The participant pays scanned KHQR codes through Bakong exactly, once, and only when Bakong has settled
  A participant whose app pays KHQR codes debits its customer and sends Bakong a payment instruction. The
  instruction must carry exactly what the code says: the payee's Bakong account, the amount and the currency,
  and the md5 of the code, which is how the merchant later finds the payment, and it is sent only in the
  participant's own name, with the credential Bakong gave it. Codes that are invalid, expired or
  in another currency are refused before any money moves. When Bakong's answer is late, lost or a duplicate, the
  participant finds out from Bakong what happened, and never pays twice or reports a payment Bakong has not
  settled. Bakong is played by the harness (Bakong switch contract v1, defined by this harness, and the Bakong
  Open API as NBC documents it).

  Background:
    Given the participant's sandbox, which pays KHQR codes through Bakong

  Rule: The payment instruction carries exactly the payee, amount and currency of the dynamic KHQR

    @REQ-PAY-DETAILS @mandatory @smoke
    Scenario Outline: Paying the dynamic KHQR "<code>" sends Bakong exactly its payee, amount and currency
      Given the KHQR "<code>"
      And a customer of the participant with <balance> <currency> in their account
      When the customer pays it
      Then Bakong received one payment instruction, with the code's payee, amount and currency and the customer's account
      And the payment succeeds with Bakong's transaction hash
      And the customer's balance went down by the amount, once

      Examples:
        | code                            | balance | currency |
        | individual-dollar-1.50-dynamic  | 100.00  | USD      |
        | individual-dollar-0.01-dynamic  | 0.01    | USD      |
        | merchant-dollar-10-dynamic      | 10.00   | USD      |
        | individual-riel-5000-dynamic    | 20000   | KHR      |
        | merchant-every-optional-field   | 1000.00 | USD      |
        | individual-every-optional-field | 5000000 | KHR      |

  Rule: The payment instruction carries the md5 of the complete scanned KHQR, CRC included

    @REQ-PAY-MD5 @mandatory
    Scenario Outline: Paying "<code>" sends Bakong the md5 of the whole code
      Given the KHQR "<code>"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it, entering <amount> where the code has no amount
      Then the instruction carries the md5 of the whole code, CRC included

      Examples:
        | code                           | amount |
        | individual-dollar-1.50-dynamic | 1.50   |
        | khmer-merchant-name            | 2500   |
        | merchant-dollar-static         | 4.00   |

  Rule: The payment instruction follows the published instruction format

    @REQ-PAY-INSTRUCTION-FORMAT @mandatory
    Scenario Outline: Paying "<code>" sends Bakong an instruction in the published format
      Given the KHQR "<code>"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it, entering <amount> where the code has no amount
      Then Bakong received one payment instruction, in the published format

      Examples:
        | code                         | amount |
        | individual-riel-5000-dynamic | 5000   |
        | merchant-dollar-10-dynamic   | 10     |
        | merchant-riel-static         | 2500   |

  Rule: The participant sends payment instructions to Bakong only in its own name, with the credential Bakong gave it

    @REQ-PAY-SWITCH-AUTH @mandatory
    Scenario Outline: Paying "<code>" sends Bakong the instruction in the participant's own name, with its credential
      Given the KHQR "<code>"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it, entering <amount> where the code has no amount
      Then Bakong received every payment instruction in the participant's own name, with the credential Bakong gave it
      And the payment succeeds with Bakong's transaction hash

      Examples:
        | code                           | amount |
        | individual-dollar-1.50-dynamic | 1.50   |
        | merchant-riel-static           | 2500   |

    @REQ-PAY-SWITCH-AUTH @mandatory
    Scenario: A payment sent again after Bakong lost its answer is sent again in the participant's own name, with its credential
      Given the KHQR "individual-riel-5000-dynamic"
      And a customer of the participant with enough money in the code's currency
      And Bakong will lose its answer to the payment instruction before settling it
      When the customer pays it
      Then Bakong received every payment instruction in the participant's own name, with the credential Bakong gave it
      And the payment succeeds with Bakong's transaction hash

  Rule: A static KHQR is paid with the amount the customer enters, and not without one

    @REQ-PAY-STATIC-AMOUNT @mandatory
    Scenario Outline: Paying the static KHQR "<code>" with <amount> entered sends Bakong that amount
      Given the KHQR "<code>"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it, entering <amount>
      Then the payment succeeds with Bakong's transaction hash
      And the instruction carries the amount the customer entered, in the code's currency
      And the customer's balance went down by the amount, once

      Examples:
        | code                     | amount |
        | merchant-riel-static     | 5000   |
        | merchant-dollar-static   | 12.75  |
        | individual-dollar-static | 3      |
        | khmer-merchant-name      | 2500   |

    @REQ-PAY-STATIC-AMOUNT @mandatory @negative
    Scenario: A static KHQR paid without an amount is refused
      Given the KHQR "merchant-dollar-static"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it
      Then the participant refuses the payment because an amount must be entered
      And the customer's balance is unchanged
      And nothing was sent to Bakong

  Rule: The amount of a dynamic KHQR cannot be changed

    @REQ-PAY-DYNAMIC-LOCKED @mandatory @negative
    Scenario Outline: Paying the dynamic KHQR "<code>" with another amount entered is refused
      Given the KHQR "<code>"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it, entering <amount>
      Then the participant refuses the payment because the amount is fixed by the code
      And the customer's balance is unchanged
      And nothing was sent to Bakong

      Examples:
        | code                           | amount |
        | individual-dollar-1.50-dynamic | 1.00   |
        | individual-riel-5000-dynamic   | 50000  |

  Rule: A KHQR that is invalid, expired or in an unsupported currency is refused before any money moves

    @REQ-PAY-REFUSE-INVALID @mandatory @negative
    Scenario Outline: The code "<code>" is refused because <reason>
      Given the KHQR "<code>"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it
      Then the participant refuses the payment because <reason>
      And the customer's balance is unchanged
      And nothing was sent to Bakong

      Examples:
        | code                        | reason                        |
        | dynamic-expired             | the code has expired          |
        | crc-does-not-match          | the code is invalid           |
        | currency-not-riel-or-dollar | the currency is not supported |
        | missing-merchant-city       | the code is invalid           |
        | payload-truncated           | the code is invalid           |

  Rule: A payment larger than the customer's balance is refused, and nothing is sent to Bakong

    @REQ-PAY-FUNDS @mandatory @negative
    Scenario Outline: Paying "<code>" with only <balance> <currency> is refused
      Given the KHQR "<code>"
      And a customer of the participant with <balance> <currency> in their account
      When the customer pays it
      Then the participant refuses the payment because insufficient funds
      And the customer's balance is unchanged
      And nothing was sent to Bakong

      Examples:
        | code                           | balance | currency |
        | individual-dollar-1.50-dynamic | 1.49    | USD      |
        | individual-riel-5000-dynamic   | 4999    | KHR      |

  Rule: A payment request sent again with the same idempotency key is made once

    @REQ-PAY-IDEMPOTENT @mandatory
    Scenario: A payment the app sends again after it succeeded is not made twice
      Given the KHQR "individual-dollar-1.50-dynamic"
      And a customer of the participant with enough money in the code's currency
      And the customer has paid it
      When the app sends the same payment request again
      Then the participant answers with the same payment, made once in Bakong
      And the customer's balance went down by the amount, once

    @REQ-PAY-IDEMPOTENT @mandatory
    Scenario: A payment the app sends again after Bakong's answer was lost is not made twice
      Given the KHQR "merchant-dollar-10-dynamic"
      And a customer of the participant with enough money in the code's currency
      And Bakong will lose its answer to the payment instruction after settling it
      And the customer has paid it
      When the app sends the same payment request again
      Then the participant answers with the same payment, made once in Bakong
      And the customer's balance went down by the amount, once

    @REQ-PAY-IDEMPOTENT @mandatory
    Scenario: Two payments of one static KHQR with two keys are two payments
      Given the KHQR "merchant-riel-static"
      And a customer of the participant with enough money in the code's currency
      And the customer has paid it, entering 5000
      When the customer pays it again as a new payment, entering 3000
      Then both payments are made in Bakong and debited

  Rule: When Bakong's answer is late, lost or a duplicate, the participant resolves the outcome with Bakong

    @REQ-PAY-UNCERTAIN @mandatory
    Scenario Outline: <what happens>: the participant's view agrees with Bakong's
      Given the KHQR "<code>"
      And a customer of the participant with enough money in the code's currency
      And <what happens>
      When the customer pays it
      Then the participant's view of the payment agrees with Bakong's, and nothing was paid twice

      Examples:
        | code                           | what happens                                                                                                   |
        | individual-dollar-1.50-dynamic | Bakong will answer the payment instruction only after the participant has stopped waiting, having settled it   |
        | individual-riel-5000-dynamic   | Bakong will answer the payment instruction only after the participant has stopped waiting, without settling it |
        | merchant-dollar-10-dynamic     | Bakong will lose its answer to the payment instruction after settling it                                       |
        | individual-dollar-0.01-dynamic | Bakong will lose its answer to the payment instruction before settling it                                      |
        | individual-dollar-1.50-dynamic | Bakong will answer the payment instruction as a duplicate of a payment it already settled                      |
        | individual-riel-5000-dynamic   | Bakong will fail with a server error on the payment instruction                                                |

    @REQ-PAY-UNCERTAIN @mandatory
    Scenario: A payment whose answer Bakong lost after settling it is reported as succeeded with Bakong's hash
      Given the KHQR "individual-dollar-1.50-dynamic"
      And a customer of the participant with enough money in the code's currency
      And Bakong will lose its answer to the payment instruction after settling it
      When the customer pays it
      Then the payment succeeds with Bakong's transaction hash
      And the customer's balance went down by the amount, once

  Rule: A payment Bakong refuses leaves the customer's balance untouched

    @REQ-PAY-REJECTED @mandatory @negative
    Scenario Outline: Bakong refuses the payment because <reason>
      Given the KHQR "individual-dollar-1.50-dynamic"
      And a customer of the participant with enough money in the code's currency
      And Bakong will refuse the payment instruction because <reason>
      When the customer pays it
      Then the participant reports the payment as rejected by Bakong
      And the customer's balance is unchanged

      Examples:
        | reason                        |
        | the payee's account is closed |
        | the payer's limit is exceeded |
        | the switch rejects it         |

    @REQ-PAY-REJECTED @mandatory @negative
    Scenario: A KHQR whose payee Bakong does not know is rejected, and the customer keeps the money
      Given the KHQR "merchant-dollar-10-dynamic", whose payee has no Bakong account
      And a customer of the participant with enough money in the code's currency
      When the customer pays it
      Then the participant reports the payment as rejected by Bakong
      And the customer's balance is unchanged

  Rule: A settled payment is reported with Bakong's hash, and Bakong finds it by the code's md5

    @REQ-PAY-CONFIRMED @mandatory @smoke
    Scenario Outline: After paying "<code>", Bakong finds the payment by the code's md5
      Given the KHQR "<code>"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it
      Then the payment succeeds with Bakong's transaction hash
      And Bakong finds the payment by the code's md5, with the same accounts, amount, currency and hash

      Examples:
        | code                           |
        | individual-dollar-1.50-dynamic |
        | individual-riel-5000-dynamic   |
        | merchant-dollar-10-dynamic     |

    @REQ-PAY-CONFIRMED @mandatory
    Scenario: Bakong finds a settled payment by its hash, its short hash and the participant's reference
      Given the KHQR "merchant-dollar-10-dynamic"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it
      Then Bakong finds the payment by the hash the participant reported
      And Bakong finds the payment by its short hash, amount and currency
      And Bakong finds the payment by the participant's reference

    @REQ-PAY-CONFIRMED @mandatory
    Scenario: A static KHQR's payment is known to Bakong under the code's md5, and found by its hash
      Given the KHQR "merchant-dollar-static"
      And a customer of the participant with enough money in the code's currency
      When the customer pays it, entering 12.75
      Then Bakong answers that static codes are not looked up by md5, which shows the payment is under the code's md5
      And Bakong finds the payment by the hash the participant reported
