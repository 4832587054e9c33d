// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Prepaid charging credit (Share&Charge's charging token): 1 unit = 1 minor unit of the platform currency.
/// @notice Minted by the minter role when a driver tops up (`topUp`, once per payment reference); spent through the
///         Escrow.
contract ChargingToken is ERC20, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @notice Whether the payment with this reference (keccak256 of the platform's payment reference) was credited.
    mapping(bytes32 ref => bool) public toppedUp;

    event ToppedUp(bytes32 indexed ref, address indexed to, uint256 amount);

    error AlreadyToppedUp(bytes32 ref);
    error ZeroAmount();

    constructor(address admin) ERC20("VZ Charging Credit", "VZC") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Whole minor units (cents): the token has no fractions of its own.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @notice Credits a payment received off chain, at most once per `ref`: a resend reverts with `AlreadyToppedUp`,
    ///         so a retried top-up never mints twice (the executor checks `toppedUp(ref)` before sending).
    function topUp(bytes32 ref, address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        if (toppedUp[ref]) revert AlreadyToppedUp(ref);
        if (amount == 0) revert ZeroAmount();
        toppedUp[ref] = true;
        _mint(to, amount);
        emit ToppedUp(ref, to, amount);
    }
}
