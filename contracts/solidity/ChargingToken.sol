// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Prepaid charging credit (Share&Charge's charging token): 1 unit = 1 minor unit of the platform currency.
/// @notice Minted by the minter role when a driver tops up; spent through the Escrow.
contract ChargingToken is ERC20, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

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
}
