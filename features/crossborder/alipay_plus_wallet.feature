@alipay-plus
Feature: The participant's wallet pays Alipay+ merchants abroad from its customers' riel accounts
  A customer of the participant travels abroad and pays an Alipay+ merchant (in Japan, Malaysia, China and
  elsewhere) by scanning its code. The wallet shows the merchant, the price in the merchant's currency, the riel
  amount Alipay+ quotes and the rate; once the customer confirms, it debits exactly that riel amount, once, and
  tells Alipay+. It never debits a payment the customer cannot make, answers Alipay+'s questions about a
  payment truthfully, gives the money back when Alipay+ cancels a payment in time, and credits refunds once.
  Every message is signed both ways. Alipay+ is played by the harness (the Alipay+ link contract v1, defined by
  this harness from Alipay+'s published wallet, signature and result rules).

  Background:
    Given the participant's sandbox, whose wallet pays Alipay+ merchants

  Rule: Every message the wallet sends Alipay+ is signed with its key over exactly what it sends

    @REQ-APLUS-MPP-SIGNS @mandatory @smoke
    Scenario: The wallet's requests to Alipay+ are signed: the scan and the notification of the payment
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen
      When the customer scans it and confirms
      Then every request the wallet sent Alipay+ is signed with its key over exactly what it sent

    @REQ-APLUS-MPP-SIGNS @mandatory
    Scenario: The wallet's answers to Alipay+'s inquiry, cancel and refund are signed
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When Alipay+ asks the wallet about the payment
      And Alipay+ refunds 5000 riel of the payment
      And Alipay+ cancels the payment
      Then every answer the wallet gave Alipay+ is signed with its key over exactly what it sent

  Rule: Alipay+'s requests are verified, and one that does not verify changes nothing

    @REQ-APLUS-MPP-VERIFY @mandatory @negative
    Scenario Outline: A cancel sent with <what> is refused and gives nothing back
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When Alipay+ cancels the payment with <what>
      Then the wallet refuses the request with <codes>
      And the customer's balance did not change

      Examples:
        | what                                           | codes                              |
        | a signature that does not match the message    | INVALID_SIGNATURE                  |
        | another participant's Client-Id                | INVALID_CLIENT                     |
        | a Request-Time an hour before the sandbox time | any failure code                   |

  Rule: The customer sees the merchant, both amounts and the rate exactly as Alipay+ gave them

    @REQ-APLUS-MPP-SHOWN @mandatory @smoke
    Scenario Outline: A code for <amount> <currency> quoted at <rate> riel is shown exactly as Alipay+ gave it
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for <amount> <currency>, quoted at <rate> riel a unit
      When the customer scans it
      Then the wallet shows the merchant's name, both amounts and the quote exactly as Alipay+ gave them

      Examples:
        | amount | currency | rate |
        | 1000   | JPY      | 27   |
        | 20.00  | MYR      | 880  |
        | 88.00  | CNY      | 600  |

  Rule: A confirmed payment debits exactly the riel amount Alipay+ gave, once, and is notified as a success

    @REQ-APLUS-MPP-DEBIT @mandatory @smoke
    Scenario Outline: Paying <amount> <currency> at <rate> riel debits exactly the riel amount Alipay+ gave
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for <amount> <currency>, quoted at <rate> riel a unit
      When the customer scans it and confirms
      Then the payment succeeds, debiting exactly the riel amount Alipay+ gave, once
      And the wallet notified Alipay+ of the success with the ids and amounts Alipay+ gave

      Examples:
        | amount | currency | rate |
        | 1000   | JPY      | 27   |
        | 20.00  | MYR      | 880  |

    @REQ-APLUS-MPP-DEBIT @mandatory
    Scenario: Confirming the same payment again debits nothing more
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When the customer confirms it again
      Then the wallet answers as the first time, debiting nothing more

  Rule: Nothing is debited for a payment the customer cannot make

    @REQ-APLUS-MPP-REFUSE @mandatory @negative
    Scenario: A customer without enough riel is refused and nothing is debited
      Given a customer of the participant's wallet with 20000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen
      When the customer scans it and confirms
      Then the payment fails with USER_BALANCE_NOT_ENOUGH, and nothing is debited
      And every notification the wallet sent Alipay+ says the payment failed

    @REQ-APLUS-MPP-REFUSE @mandatory @negative
    Scenario: A payment above the customer's Alipay+ limit is refused and nothing is debited
      Given a customer of the participant's wallet with 100000 riel in their account and an Alipay+ limit of 20000 riel a payment
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen
      When the customer scans it and confirms
      Then the payment fails with USER_AMOUNT_EXCEED_LIMIT, and nothing is debited
      And every notification the wallet sent Alipay+ says the payment failed

    @REQ-APLUS-MPP-REFUSE @mandatory @negative
    Scenario: A customer paying from a US dollar account is refused and nothing is debited
      Given a customer of the participant's wallet with 100.00 USD in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen
      When the customer scans it and confirms
      Then the wallet refuses to pay from that account, and nothing is debited

    @REQ-APLUS-MPP-REFUSE @mandatory @negative
    Scenario: A payment confirmed after its expiry is refused and nothing is debited
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen
      When the customer scans it
      And 16 minutes pass
      And the customer confirms it
      Then the payment fails, and nothing is debited

  Rule: A notification Alipay+ did not acknowledge is sent again, the same

    @REQ-APLUS-MPP-NOTIFY @mandatory
    Scenario Outline: A notification Alipay+ <how> is sent again, the same, until Alipay+ acknowledges it
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen
      And Alipay+ will <how> the wallet's next notification
      When the customer scans it and confirms
      And 4 seconds pass
      And 4 seconds pass
      Then every notification the wallet sent of the payment is the same
      And every notification the wallet sent that Alipay+ did not acknowledge was sent again

      Examples:
        | how                                           |
        | answers with an unknown result                |
        | answers with a server error that is not JSON  |
        | answers only after the participant gave up    |
        | answers with a signature that does not verify |

  Rule: An inquiry gets U until the customer confirms, then the final result

    @REQ-APLUS-MPP-INQUIRY @mandatory
    Scenario: An inquiry before the customer confirms is answered as in process
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen
      When the customer scans it
      And Alipay+ asks the wallet about the payment
      Then the wallet answers the call's success and the payment in process

    @REQ-APLUS-MPP-INQUIRY @mandatory
    Scenario: An inquiry after the customer paid gets the payment's success, with its ids and amounts
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When Alipay+ asks the wallet about the payment
      Then the wallet answers the call's success and the payment's success, with the ids and amounts it paid

    @REQ-APLUS-MPP-INQUIRY @mandatory @negative
    Scenario: An inquiry about a payment the wallet never saw is answered that the order does not exist
      Given a customer of the participant's wallet with 100000 riel in their account
      When Alipay+ asks the wallet about a payment it never saw
      Then the wallet refuses the request with ORDER_NOT_EXIST

  Rule: A cancel before the cut-off succeeds whatever the status and gives the debit back once

    @REQ-APLUS-MPP-CANCEL @mandatory @smoke
    Scenario: A cancel after the debit gives the customer's money back
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When Alipay+ cancels the payment
      Then the cancel succeeds, giving back 27000 riel

    @REQ-APLUS-MPP-CANCEL @mandatory
    Scenario: A cancel before the customer confirms succeeds, and the confirmation then debits nothing
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen
      When the customer scans it
      And Alipay+ cancels the payment
      And the customer confirms it
      Then the cancel succeeds, giving back 0 riel
      And the payment fails, and nothing is debited

    @REQ-APLUS-MPP-CANCEL @mandatory
    Scenario: The same cancel again gets the same answer and gives nothing more back
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When Alipay+ cancels the payment
      And Alipay+ cancels the payment again
      Then the wallet answers the second cancel as the first, giving nothing more back

    @REQ-APLUS-MPP-CANCEL @mandatory @negative
    Scenario: A cancel after the cut-off is refused as too late and the debit stays
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      And the cancel cut-off of the payment has passed
      When Alipay+ cancels the payment
      Then the wallet refuses the request with CANCEL_WINDOW_EXCEED
      And the customer's balance did not change

  Rule: A refund credits the customer back in riel once per refund request, never above the payment

    @REQ-APLUS-MPP-REFUND @mandatory
    Scenario: A refund credits the customer back in riel
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When Alipay+ refunds 5000 riel of the payment
      Then the refund succeeds, crediting 5000 riel back

    @REQ-APLUS-MPP-REFUND @mandatory
    Scenario: The same refund request again gets the same answer and credits nothing more
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When Alipay+ refunds 5000 riel of the payment
      And Alipay+ sends the same refund request again
      Then the wallet answers the second refund as the first, crediting nothing more

    @REQ-APLUS-MPP-REFUND @mandatory @negative
    Scenario: A refund above what was paid is refused and credits nothing
      Given a customer of the participant's wallet with 100000 riel in their account
      And an Alipay+ merchant's code for 1000 JPY, quoted at 27 riel a yen, paid by the customer
      When Alipay+ refunds 30000 riel of the payment
      Then the wallet refuses the request with REFUND_AMOUNT_EXCEED
      And the customer's balance did not change
